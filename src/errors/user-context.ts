import { AsyncLocalStorage } from 'node:async_hooks';
import type { ErrorUser } from './types.js';

interface Scope {
  user?: ErrorUser;
}

/**
 * The current user, per async context. `setUser` never mutates a scope it
 * did not create here: it enters a fresh one, so a user set inside one
 * request can't leak into another that shares a parent context.
 */
export class UserContext {
  private readonly als = new AsyncLocalStorage<Scope>();

  get(): ErrorUser | undefined {
    return this.als.getStore()?.user;
  }

  set(user: ErrorUser | null): void {
    this.als.enterWith({ user: user ?? undefined });
  }

  run<T>(user: ErrorUser | null, fn: () => T): T {
    return this.als.run({ user: user ?? undefined }, fn);
  }
}
