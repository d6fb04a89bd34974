/** Types of scripts/api-docs.mjs, for the doc tests. */
export interface ApiDocs {
  summary: string;
  examples: string[];
  throws: string[];
  returns: string[];
  internal: boolean;
  deprecated: string[];
}
export interface ApiMember extends ApiDocs {
  name: string;
  /** `method`, `property`, `static method`, `static property`. */
  kind: string;
  signatures: string[];
}
export interface ApiSymbol extends ApiDocs {
  name: string;
  /** `function`, `class`, `interface`, `type`, `const`, `enum`. */
  kind: string;
  source: string;
  signatures: string[];
  members: ApiMember[];
  /** Every member name of a class or interface, inherited and static ones included. */
  allMembers: string[];
  extends: string[];
  constructor_?: (ApiDocs & { signatures: string[] }) | null;
}
export interface ApiEntry {
  module: string;
  file: string;
  symbols: ApiSymbol[];
}
export declare const API_MD: string;
export declare const ENTRIES: ReadonlyArray<{ module: string; file: string }>;
export declare function collectApi(): ApiEntry[];
export declare function renderApi(api: ApiEntry[]): string;
export declare function findGaps(api: ApiEntry[]): Array<{ where: string; missing: string[] }>;
export declare function generateApiMarkdown(): string;
