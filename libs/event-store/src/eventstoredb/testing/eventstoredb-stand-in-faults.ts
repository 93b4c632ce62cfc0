/** Errors of an EventStoreDB node as client 6.2.1 hands them out (see eventstoredb-stand-in.ts). */
import { convertToCommandError } from '@eventstore/db-client';

export type StandInFault =
  /** The node is starting or catching up (gRPC UNAVAILABLE "Server Is Not Ready"). */
  | 'not-ready'
  /** The node sheds load (UNAVAILABLE "Server Is Too Busy"). */
  | 'too-busy'
  /** A follower answering a leader-only request (NOT_FOUND, exception not-leader, with the leader's endpoint). */
  | 'not-leader'
  /** An election is in progress (UNKNOWN "No leader info available in response"). */
  | 'no-leader-info'
  /** The user may not do this (PERMISSION_DENIED, exception access-denied). */
  | 'access-denied'
  /** Wrong credentials (UNAUTHENTICATED). */
  | 'unauthenticated'
  /** The node cannot be reached (UNAVAILABLE "No connection established"). */
  | 'unreachable'
  /** A partitioned node: the call is never answered. */
  | 'unresponsive';

export type ClientMethod = 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll';

export const GRPC = {
  UNKNOWN: [2, 'UNKNOWN'],
  INVALID_ARGUMENT: [3, 'INVALID_ARGUMENT'],
  NOT_FOUND: [5, 'NOT_FOUND'],
  PERMISSION_DENIED: [7, 'PERMISSION_DENIED'],
  UNAVAILABLE: [14, 'UNAVAILABLE'],
  UNAUTHENTICATED: [16, 'UNAUTHENTICATED'],
} as const;

/** A grpc-js ServiceError as the client receives it, converted by the client's own code. */
export function clientError(
  [code, name]: readonly [number, string],
  details: string,
  metadata: Record<string, string> = {},
): Error {
  const serviceError = Object.assign(new Error(`${code} ${name}: ${details}`), {
    code,
    details,
    metadata: { getMap: () => metadata },
  });
  return convertToCommandError(serviceError as never) as Error;
}

export function faultError(fault: Exclude<StandInFault, 'unresponsive'>): Error {
  switch (fault) {
    case 'not-ready':
      return clientError(GRPC.UNAVAILABLE, 'Server Is Not Ready');
    case 'too-busy':
      return clientError(GRPC.UNAVAILABLE, 'Server Is Too Busy');
    case 'not-leader':
      return clientError(GRPC.NOT_FOUND, 'Leader info available', {
        exception: 'not-leader',
        'leader-endpoint-host': 'node2.eventstore',
        'leader-endpoint-port': '2113',
      });
    case 'no-leader-info':
      return clientError(GRPC.UNKNOWN, 'No leader info available in response');
    case 'access-denied':
      return clientError(GRPC.PERMISSION_DENIED, 'Access Denied', { exception: 'access-denied' });
    case 'unauthenticated':
      return clientError(GRPC.UNAUTHENTICATED, 'Bad username or password');
    case 'unreachable':
      return clientError(GRPC.UNAVAILABLE, 'No connection established');
  }
}

/** What a one-shot read of $all from inside a record gets (Enumerator.ReadAllForwards, v24.10.0). */
export function invalidReadPosition(): Error {
  return clientError(GRPC.UNKNOWN, 'Unexpected ReadAllResult: InvalidPosition');
}
