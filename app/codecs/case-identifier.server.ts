import { createHash } from "node:crypto";

/**
 * CASE identifiers of the frameworks shipped in content/frameworks. They are
 * name-based (RFC 4122 version 5) UUIDs, so every database, every re-sync and
 * every export gives a framework and its competencies the same identifiers,
 * and a partner that stored them can match them later. See
 * docs/decisions/011-case-identifiers-and-framework-exchange.md.
 *
 * The namespace is itself a v5 UUID of "urn:peer-support-training:case" under
 * the RFC 4122 URL namespace. Changing it would give every shipped framework
 * new identifiers: never change it.
 */
export const CASE_NAMESPACE = "14285459-fc1e-5640-aa39-144af4fcd964";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** RFC 4122 section 4.3: SHA-1 of namespace bytes + name, version 5, variant 10. */
export function uuidV5(namespace: string, name: string): string {
  if (!isUuid(namespace)) throw new Error(`not a UUID namespace: ${namespace}`);
  const hash = createHash("sha1")
    .update(Buffer.from(namespace.replace(/-/g, ""), "hex"))
    .update(name, "utf8")
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The CFDocument identifier of a shipped framework, from its file's `id`. */
export function frameworkCaseIdentifier(frameworkId: string): string {
  return uuidV5(CASE_NAMESPACE, `framework/${frameworkId}`);
}

/** The CFItem identifier of a shipped competency, from its framework's `id` and its code. */
export function competencyCaseIdentifier(frameworkId: string, code: string): string {
  return uuidV5(CASE_NAMESPACE, `framework/${frameworkId}/competency/${code}`);
}

/** Behaviours are exported as child items of their competency, numbered from 1. */
export function behaviourCaseIdentifier(competencyIdentifier: string, number: number): string {
  return uuidV5(CASE_NAMESPACE, `competency/${competencyIdentifier.toLowerCase()}/behaviour/${number}`);
}

/** One isChildOf association per (child, parent) pair. */
export function associationCaseIdentifier(originIdentifier: string, destinationIdentifier: string): string {
  return uuidV5(CASE_NAMESPACE, `isChildOf/${originIdentifier.toLowerCase()}/${destinationIdentifier.toLowerCase()}`);
}

/** Definitions (licence, item types) that an exported package carries. */
export function definitionCaseIdentifier(documentIdentifier: string, kind: string): string {
  return uuidV5(CASE_NAMESPACE, `document/${documentIdentifier.toLowerCase()}/${kind}`);
}
