/**
 * Waiting work of several tenants (business lines), served in turn. The worker pools used one FIFO
 * queue: a business line that queued a hundred hostile verifications or compiles made every other
 * line's next task wait for all of them (issue #14). Here each tenant has its own FIFO lane and the
 * lanes take turns (round robin, as a fair-queueing scheduler does with equal weights): a task of a
 * tenant that waits alone is at most one task per other busy tenant away from a worker, however
 * many the others have queued. Tasks are counted as equal; the pools bound each one's time.
 */
export class FairQueue<T> {
  /** Lanes in turn order: a Map keeps insertion order, and a lane served goes to the back. */
  readonly #lanes = new Map<string, T[]>();
  #size = 0;

  /** Items waiting, all tenants. */
  get size(): number {
    return this.#size;
  }

  /** Items `tenant` has waiting. */
  sizeOf(tenant: string): number {
    return this.#lanes.get(tenant)?.length ?? 0;
  }

  push(tenant: string, item: T): void {
    const lane = this.#lanes.get(tenant);
    if (lane) lane.push(item);
    else this.#lanes.set(tenant, [item]);
    this.#size++;
  }

  /** The oldest item of the tenant whose turn it is; that tenant then goes to the back. */
  shift(): T | undefined {
    const first = this.#lanes.entries().next();
    if (first.done === true) return undefined;
    const [tenant, lane] = first.value;
    const item = lane.shift() as T;
    this.#lanes.delete(tenant);
    if (lane.length > 0) this.#lanes.set(tenant, lane);
    this.#size--;
    return item;
  }

  /** Removes and returns every waiting item (closing a pool). */
  drain(): T[] {
    const all = [...this.#lanes.values()].flat();
    this.#lanes.clear();
    this.#size = 0;
    return all;
  }
}
