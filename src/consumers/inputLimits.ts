import type { InputLimits } from '../config/limitsSchema.ts';
import type { LabelEvent, PredictionEvent } from '../contracts/events.ts';
import { describeValue } from './describeValue.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

/**
 * The input bounds of `limits:` applied to one message: its size before anything is decoded, a JSON payload's
 * nesting depth before it is parsed, and the sizes and times of a decoded event before it reaches the engine.
 * Each failure is a MalformedMessageError of kind `limit` naming the bound's config key.
 */

function overLimit(message: string): MalformedMessageError {
  return new MalformedMessageError('limit', message);
}

export function checkMessageSize(value: Buffer | null, limits: InputLimits): void {
  if (value !== null && value.length > limits.maxMessageBytes) {
    throw overLimit(`the message is ${value.length} bytes, over limits.maxMessageBytes (${limits.maxMessageBytes})`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Refuses JSON nested deeper than `maxDepth` objects and arrays, in one pass over the bytes (brackets inside
 * strings do not count). It does not check the JSON is well-formed: JSON.parse does that next, on input that
 * can no longer be deep enough to exhaust a recursive walk of the parsed value.
 */
export function checkJsonDepth(bytes: Uint8Array, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > maxDepth) throw overLimit(`the JSON payload nests deeper than limits.maxJsonDepth (${maxDepth}) at byte ${i}`);
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
}

function checkId(name: string, value: string, limits: InputLimits): void {
  if (value.length > limits.maxIdLength) throw overLimit(`${name} is ${value.length} characters, over limits.maxIdLength (${limits.maxIdLength}): ${describeValue(value, 40)}`);
}

function checkString(what: string, value: string, limits: InputLimits): void {
  if (value.length > limits.maxStringLength) throw overLimit(`${what} is ${value.length} characters, over limits.maxStringLength (${limits.maxStringLength})`);
}

function checkName(what: string, name: string, limits: InputLimits): void {
  if (name.length > limits.maxFeatureNameLength) {
    throw overLimit(`${what} name is ${name.length} characters, over limits.maxFeatureNameLength (${limits.maxFeatureNameLength}): ${describeValue(name, 40)}`);
  }
}

function checkTimestamp(timestamp: number, limits: InputLimits): void {
  if (timestamp < limits.minTimestamp || timestamp > limits.maxTimestamp) {
    throw overLimit(`timestamp ${timestamp} is outside the plausible range [limits.minTimestamp, limits.maxTimestamp] = [${limits.minTimestamp}, ${limits.maxTimestamp}] ms since the epoch`);
  }
}

export function checkPredictionEventLimits(event: PredictionEvent, limits: InputLimits): void {
  checkId('event_id', event.event_id, limits);
  checkId('model_id', event.model_id, limits);
  checkId('model_version', event.model_version, limits);
  checkTimestamp(event.timestamp, limits);
  const names = Object.keys(event.features);
  if (names.length > limits.maxFeatures) throw overLimit(`the event has ${names.length} features, over limits.maxFeatures (${limits.maxFeatures})`);
  for (const name of names) {
    checkName('a feature', name, limits);
    const value = event.features[name];
    if (typeof value === 'string') checkString(`feature ${describeValue(name, 40)}`, value, limits);
  }
  if (event.prediction.label !== null) checkString('prediction.label', event.prediction.label, limits);
  const probabilities = event.prediction.probabilities;
  if (probabilities) {
    const classes = Object.keys(probabilities);
    if (classes.length > limits.maxFeatures) throw overLimit(`prediction.probabilities has ${classes.length} classes, over limits.maxFeatures (${limits.maxFeatures})`);
    for (const c of classes) checkName('a prediction.probabilities class', c, limits);
  }
  const attributes = Object.keys(event.attributes);
  if (attributes.length > limits.maxFeatures) throw overLimit(`the event has ${attributes.length} attributes, over limits.maxFeatures (${limits.maxFeatures})`);
  for (const name of attributes) {
    checkName('an attribute', name, limits);
    const value = event.attributes[name];
    if (typeof value === 'string') checkString(`attribute ${describeValue(name, 40)}`, value, limits);
  }
}

export function checkLabelEventLimits(label: LabelEvent, limits: InputLimits): void {
  checkId('event_id', label.event_id, limits);
  checkId('model_id', label.model_id, limits);
  checkTimestamp(label.timestamp, limits);
  if (typeof label.label === 'string') checkString('label', label.label, limits);
}
