type Value = string | number;

/**
 * The WHERE clause of a filtered query, built one optional condition at a time with its bound
 * values, so each query says only which filters it has. Values are always bound, never spliced.
 */
export class Where {
  private readonly conditions: string[] = [];
  readonly args: Value[] = [];

  /** `sql` with its `?` values; skipped when the filter was not given (`values[0]` undefined). */
  add(sql: string, ...values: (Value | undefined)[]): this {
    if (values.length > 0 && values[0] === undefined) return this;
    this.conditions.push(sql);
    this.args.push(...(values as Value[]));
    return this;
  }

  /** `column` starts with `prefix`, case-sensitively (LIKE would fold case and need escaping). */
  startsWith(column: string, prefix: string | undefined): this {
    return this.add(`substr(${column}, 1, length(?)) = ?`, prefix, prefix);
  }

  /** Keyset paging: rows after (`key`, `tie`) in the order `cmp` reads them. */
  after(key: string, tie: string, cmp: '>' | '<', from: { key: Value; tie: Value } | undefined): this {
    if (!from) return this;
    return this.add(`(${key} ${cmp} ? OR (${key} = ? AND ${tie} ${cmp} ?))`, from.key, from.key, from.tie);
  }

  toString(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
