// History <-> proto3 JSON (the format of `temporal workflow show --output json`, and of
// @temporalio/common's historyToJSON / historyFromJSON). Those two functions fail in
// this install with "type must be a Type": @temporalio/common resolves its own copy of
// protobufjs, whose instanceof check rejects types built by @temporalio/proto's copy.
// Same code path, but with protojson taken from the copy that built the types.
import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
}
interface ProtoRoot {
  lookupType(name: string): unknown;
  temporal: { api: { history: { v1: { History: { fromObject(value: unknown): History } } } } };
}

const requireBesideProto = createRequire(require.resolve('@temporalio/proto/package.json'));
const protojson = requireBesideProto('protobufjs/ext/protojson') as ProtoJson;
const proto = requireBesideProto('@temporalio/proto') as ProtoRoot;
const historyType = (
  patchProtobufRoot(proto as unknown as Record<string, unknown>) as unknown as ProtoRoot
).lookupType('temporal.api.history.v1.History');

export function historyToJSON(history: History): string {
  const message = proto.temporal.api.history.v1.History.fromObject(history);
  return JSON.stringify(protojson.toJson(historyType, message), null, 2);
}

export function historyFromJSON(json: unknown): History {
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}
