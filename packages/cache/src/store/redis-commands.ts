import type { ChainableCommander, Redis } from "ioredis";
import type { WriteOp } from "./cache-store.js";

/**
 * Issues one write op on a client or a MULTI through ioredis's own command methods: an HSET of
 * hundreds of fields given as an object is several times cheaper than the same command spread
 * from an argument array (the feed's hot path).
 */
export function queueOp(target: Redis | ChainableCommander, op: WriteOp): unknown {
  switch (op.op) {
    case "set":
      return op.ttlMs === undefined
        ? target.set(op.key, op.value)
        : target.set(op.key, op.value, "PX", Math.max(1, Math.ceil(op.ttlMs)));
    case "hset":
      return target.hset(op.key, op.fields);
    case "publish":
      return target.publish(op.channel, op.message);
    default: {
      const [name, ...args] = toRedisArgs(op);
      return target.call(name as string, ...args);
    }
  }
}

/** The Redis command of one write op, as the argument list MULTI and the Lua batch both take. */
export function toRedisArgs(op: WriteOp): string[] {
  switch (op.op) {
    case "set":
      return op.ttlMs === undefined
        ? ["SET", op.key, op.value]
        : ["SET", op.key, op.value, "PX", String(Math.max(1, Math.ceil(op.ttlMs)))];
    case "del":
      return ["DEL", ...op.keys];
    case "hset":
      return ["HSET", op.key, ...Object.entries(op.fields).flat()];
    case "hdel":
      return ["HDEL", op.key, ...op.fields];
    case "pexpire":
      return ["PEXPIRE", op.key, String(Math.max(1, Math.ceil(op.ttlMs)))];
    case "zadd":
      return ["ZADD", op.key, String(op.score), op.member];
    case "zrem":
      return ["ZREM", op.key, ...op.members];
    case "zremRangeByScore":
      return ["ZREMRANGEBYSCORE", op.key, score(op.min), score(op.max)];
    case "sadd":
      return ["SADD", op.key, ...op.members];
    case "srem":
      return ["SREM", op.key, ...op.members];
    case "rpush":
      return ["RPUSH", op.key, ...op.values];
    case "publish":
      return ["PUBLISH", op.channel, op.message];
  }
}

const score = (n: number): string =>
  n === Number.POSITIVE_INFINITY ? "+inf" : n === Number.NEGATIVE_INFINITY ? "-inf" : String(n);

/** Ops whose argument list is empty of members are no-ops in memory but errors in Redis: drop them. */
export function isEffective(op: WriteOp): boolean {
  switch (op.op) {
    case "del":
      return op.keys.length > 0;
    case "hset":
      return Object.keys(op.fields).length > 0;
    case "hdel":
      return op.fields.length > 0;
    case "zrem":
    case "sadd":
    case "srem":
      return op.members.length > 0;
    case "rpush":
      return op.values.length > 0;
    default:
      return true;
  }
}

/** The keys an op touches, declared to EVAL so the script stays a proper Redis script. */
export function keysOf(op: WriteOp): string[] {
  if (op.op === "publish") return [];
  if (op.op === "del") return [...op.keys];
  return [op.key];
}

/**
 * execIf: checks a string key (ARGV[1] = "") or a hash field (ARGV[1] = field) against ARGV[3]
 * (ARGV[2] = "0": must be absent), then runs the JSON list of commands in ARGV[4]. KEYS[1] is
 * the checked key; the other KEYS are the ones the commands touch.
 */
export const EXEC_IF_LUA = `
local cur
if ARGV[1] ~= '' then cur = redis.call('HGET', KEYS[1], ARGV[1]) else cur = redis.call('GET', KEYS[1]) end
if ARGV[2] == '0' then
  if cur then return 0 end
elseif cur ~= ARGV[3] then
  return 0
end
for _, args in ipairs(cjson.decode(ARGV[4])) do redis.call(unpack(args)) end
return 1
`;
