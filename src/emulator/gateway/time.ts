/**
 * Timestamp text as the gateway writes it: RFC 3339, UTC, microsecond fraction
 * (`2025-11-07T18:45:05.102478Z`, wire-protocol.md section 3.2).
 */
export function rfc3339(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2025-11-07T18:45:05.102Z
  return `${iso.slice(0, 23)}000Z`;
}

/** RFC 3339 without a fraction, as in `scaling_status.last_updated`. */
export function rfc3339Seconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
