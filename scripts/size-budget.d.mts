/** Gzip bytes allowed for dist/bundle/confluent-sql.mjs (see size-budget.mjs). */
export declare const CORE_GZIP_BUDGET: number;
