const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The line's text, or undefined when its bytes are not valid UTF-8. A leading byte-order mark is dropped. */
export function decodeUtf8Line(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
