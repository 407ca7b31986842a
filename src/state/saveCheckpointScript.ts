/**
 * The atomic checkpoint write, run by Redis as one Lua script: either all of it happens or none.
 *
 * KEYS: [1] epoch key, [2] checkpoint hash, [3] entries hash,
 *       [4 .. 3+W] one key per extra write (W = ARGV[6]),
 *       [4+W .. #KEYS] keys to delete (label-join records consumed by this save).
 * ARGV: [1] epoch, [2] offset, [3] savedAt, [4] number of entries to set, [5] number of entries to delete,
 *       [6] W, the number of extra writes,
 *       then (field, value) per entry to set, field per entry to delete, (value, ttlMs) per extra write,
 *       and last the time-to-live (ms) of the partition's own three keys, renewed by every save.
 * Returns {status, detail}: {1, ''} saved; {0, current epoch or ''} fenced; {2, stored offset} stale.
 * A fenced or stale save returns before its first write: nothing is set, written or deleted.
 *
 * The keys to delete are DELeted after the extra writes, so a key both written and deleted by one save
 * ends deleted.
 *
 * Offsets are compared as decimal strings (length, then bytes): Lua numbers are doubles, Kafka's are int64.
 */
export const SAVE_CHECKPOINT_LUA = `
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] then
  return {0, current or ''}
end
local saved = redis.call('HMGET', KEYS[2], 'offset', 'epoch')
if saved[1] and saved[2] == ARGV[1] then
  local old, new = saved[1], ARGV[2]
  if #new < #old or (#new == #old and new < old) then
    return {2, old}
  end
end
redis.call('HSET', KEYS[2], 'offset', ARGV[2], 'epoch', ARGV[1], 'savedAt', ARGV[3])
local i = 7
for _ = 1, tonumber(ARGV[4]) do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  i = i + 2
end
for _ = 1, tonumber(ARGV[5]) do
  redis.call('HDEL', KEYS[3], ARGV[i])
  i = i + 1
end
local lastWrite = 3 + tonumber(ARGV[6])
for k = 4, lastWrite do
  redis.call('SET', KEYS[k], ARGV[i], 'PX', ARGV[i + 1])
  i = i + 2
end
for k = lastWrite + 1, #KEYS do
  redis.call('DEL', KEYS[k])
end
local ttl = ARGV[#ARGV]
for k = 1, 3 do
  redis.call('PEXPIRE', KEYS[k], ttl)
end
return {1, ''}
`;

export const SAVE_CHECKPOINT_COMMAND = 'driftwatchSaveCheckpoint';

/** First element of the script's reply. */
export const SaveStatus = { fenced: 0, saved: 1, stale: 2 } as const;
