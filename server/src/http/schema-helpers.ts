import { Type } from '@sinclair/typebox'
import { Problem } from '../../../shared/src/api/common.js'

/** Problem-details responses for the given statuses, for the route schema (and so the OpenAPI text). */
export function problems(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref(Problem)])) as Record<number, ReturnType<typeof Type.Ref>>
}

export const SESSION_SECURITY = [{ session: [] }]
