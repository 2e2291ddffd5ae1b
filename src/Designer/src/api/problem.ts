/** An RFC 9457 problem as the server answers it (application/problem+json): a Chinese title and detail, a stable code,
 * and for validation failures the messages per field, named as in the request. */
export interface Problem {
  status: number
  title?: string
  detail?: string
  code?: string
  errors?: Record<string, string[]>
  problems?: { elementId?: string; message: string; severity?: string; code?: string }[]
  requiredRoles?: string[]
}

/** Thrown by {@link call} for every answer that is not a success. */
export class ProblemError extends Error {
  readonly problem: Problem
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`)
    this.problem = problem
  }
  get status() {
    return this.problem.status
  }
  /** The messages for one field, or none. */
  field(name: string): string | undefined {
    return this.problem.errors?.[name]?.join('；')
  }
}

/** Reads a failed answer as a problem, whatever the server or a proxy on the way sent. */
export async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    try {
      const body = await response.clone().json()
      return { status: response.status, ...body }
    } catch {
      /* fall through */
    }
  }
  return { status: response.status }
}
