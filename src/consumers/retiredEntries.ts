/** What retiredEntriesOf needs of a partition's state. */
export interface PartitionEntries {
  entries: Set<string>;
  retired?: Set<string>;
}

/**
 * The entries the checkpoint of `saving` must delete: those just retired that it saved, and those retired
 * earlier on its behalf. An entry retired here but saved by another partition is handed to that one (its
 * next save deletes it); an entry never saved needs nothing.
 */
export function retiredEntriesOf(saving: PartitionEntries, partitions: Iterable<PartitionEntries>, retired: readonly string[]): string[] {
  const out = new Set(saving.retired ?? []);
  for (const key of retired) {
    if (saving.entries.has(key)) {
      out.add(key);
      continue;
    }
    for (const other of partitions) {
      if (other === saving || !other.entries.has(key)) continue;
      (other.retired ??= new Set()).add(key);
      break;
    }
  }
  return [...out];
}
