import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combinedRule, readingProgress } from './reading.js';

const T0 = 1_700_000_000_000;

describe('combinedRule', () => {
  it('takes the longer of the two times and asks for the last page when either does', () => {
    expect(
      combinedRule({ readingSeconds: 10, readToEnd: false }, { seconds: 30, toLastPage: false }),
    ).toEqual({
      seconds: 30,
      toLastPage: false,
    });
    expect(combinedRule({ readingSeconds: 45, readToEnd: false }, { seconds: 30, toLastPage: true })).toEqual(
      {
        seconds: 45,
        toLastPage: true,
      },
    );
    expect(combinedRule({ readingSeconds: 0, readToEnd: true }, { seconds: 5 })).toEqual({
      seconds: 5,
      toLastPage: true,
    });
  });

  it("is the signer's own rule without a scene, or with a scene that says nothing", () => {
    expect(combinedRule({ readingSeconds: 12, readToEnd: true }, undefined)).toEqual({
      seconds: 12,
      toLastPage: true,
    });
    expect(combinedRule({ readingSeconds: 0, readToEnd: false }, {})).toEqual({
      seconds: 0,
      toLastPage: false,
    });
  });

  it('is never weaker than either side', () => {
    fc.assert(
      fc.property(
        fc.nat(600),
        fc.boolean(),
        fc.option(
          fc.record({
            seconds: fc.option(fc.nat(600), { nil: undefined }),
            toLastPage: fc.option(fc.boolean(), { nil: undefined }),
          }),
          { nil: undefined },
        ),
        (readingSeconds, readToEnd, scene) => {
          const r = combinedRule({ readingSeconds, readToEnd }, scene);
          expect(r.seconds).toBe(Math.max(readingSeconds, scene?.seconds ?? 0));
          expect(r.toLastPage).toBe(readToEnd || scene?.toLastPage === true);
        },
      ),
    );
  });
});

describe('readingProgress', () => {
  const state = (s: { startedAt?: number | null; lastPageSeen?: number; totalPages?: number } = {}) => ({
    startedAt: s.startedAt === undefined ? T0 : s.startedAt,
    lastPageSeen: s.lastPageSeen ?? 0,
    totalPages: s.totalPages ?? 5,
  });

  it('nothing asked: done at once, even before the contract was opened', () => {
    expect(readingProgress({ seconds: 0, toLastPage: false }, state({ startedAt: null }), T0)).toEqual({
      done: true,
      secondsLeft: 0,
      pagesLeft: 0,
    });
  });

  it('not started: the whole time and every page are left', () => {
    expect(
      readingProgress({ seconds: 30, toLastPage: true }, state({ startedAt: null }), T0 + 999_999),
    ).toEqual({
      done: false,
      secondsLeft: 30,
      pagesLeft: 5,
    });
  });

  it('partially elapsed: the seconds left, rounded up', () => {
    const rule = { seconds: 10, toLastPage: false };
    expect(readingProgress(rule, state(), T0)).toEqual({ done: false, secondsLeft: 10, pagesLeft: 0 });
    expect(readingProgress(rule, state(), T0 + 1)).toMatchObject({ secondsLeft: 10 });
    expect(readingProgress(rule, state(), T0 + 999)).toMatchObject({ secondsLeft: 10 });
    expect(readingProgress(rule, state(), T0 + 1000)).toMatchObject({ secondsLeft: 9 });
    expect(readingProgress(rule, state(), T0 + 4_500)).toMatchObject({ secondsLeft: 6 });
    // 1 ms short is still one second left: never done early.
    expect(readingProgress(rule, state(), T0 + 9_999)).toEqual({ done: false, secondsLeft: 1, pagesLeft: 0 });
    expect(readingProgress(rule, state(), T0 + 10_000)).toEqual({ done: true, secondsLeft: 0, pagesLeft: 0 });
    expect(readingProgress(rule, state(), T0 + 86_400_000)).toEqual({
      done: true,
      secondsLeft: 0,
      pagesLeft: 0,
    });
  });

  it('a clock behind the start counts no time read (and no more than the rule asks)', () => {
    expect(readingProgress({ seconds: 10, toLastPage: false }, state(), T0 - 60_000)).toMatchObject({
      done: false,
      secondsLeft: 10,
    });
  });

  it('pages left until the last page is seen', () => {
    const rule = { seconds: 0, toLastPage: true };
    expect(readingProgress(rule, state({ lastPageSeen: 0 }), T0)).toEqual({
      done: false,
      secondsLeft: 0,
      pagesLeft: 5,
    });
    expect(readingProgress(rule, state({ lastPageSeen: 3 }), T0)).toEqual({
      done: false,
      secondsLeft: 0,
      pagesLeft: 2,
    });
    expect(readingProgress(rule, state({ lastPageSeen: 5 }), T0)).toEqual({
      done: true,
      secondsLeft: 0,
      pagesLeft: 0,
    });
    // A page beyond the end (a document that shrank?) does not count negative.
    expect(readingProgress(rule, state({ lastPageSeen: 9 }), T0)).toEqual({
      done: true,
      secondsLeft: 0,
      pagesLeft: 0,
    });
  });

  it('pages are not counted when the last page is not asked for', () => {
    expect(readingProgress({ seconds: 0, toLastPage: false }, state({ lastPageSeen: 0 }), T0)).toEqual({
      done: true,
      secondsLeft: 0,
      pagesLeft: 0,
    });
  });

  it('done needs both the time and the pages', () => {
    const rule = { seconds: 5, toLastPage: true };
    expect(readingProgress(rule, state({ lastPageSeen: 5 }), T0 + 4_000)).toEqual({
      done: false,
      secondsLeft: 1,
      pagesLeft: 0,
    });
    expect(readingProgress(rule, state({ lastPageSeen: 4 }), T0 + 5_000)).toEqual({
      done: false,
      secondsLeft: 0,
      pagesLeft: 1,
    });
    expect(readingProgress(rule, state({ lastPageSeen: 5 }), T0 + 5_000)).toEqual({
      done: true,
      secondsLeft: 0,
      pagesLeft: 0,
    });
  });

  it('is done exactly when the whole time has passed and the last page was seen', () => {
    fc.assert(
      fc.property(
        fc.nat(600),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        fc.nat(40),
        fc.integer({ min: -5_000, max: 700_000 }),
        (seconds, toLastPage, totalPages, lastPageSeen, elapsed) => {
          const p = readingProgress(
            { seconds, toLastPage },
            { startedAt: T0, lastPageSeen, totalPages },
            T0 + elapsed,
          );
          // A clock behind the start counts as no time read.
          const timeDone = Math.max(0, elapsed) >= seconds * 1000;
          const pagesDone = !toLastPage || lastPageSeen >= totalPages;
          expect(p.done).toBe(timeDone && pagesDone);
          expect(Number.isInteger(p.secondsLeft) && p.secondsLeft >= 0 && p.secondsLeft <= seconds).toBe(
            true,
          );
          expect(Object.is(p.secondsLeft, -0)).toBe(false);
          expect(p.pagesLeft).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
