import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import { useI18n } from 'vue-i18n'
import { ProblemError } from '@/api/problem'

/** One action a person starts (a button): `busy` while it runs, the server's problem when it fails (show
 * `problem.field('x')` next to field x), a message either way.
 *
 *   const save = useAction()
 *   await save.run(() => call(() => api.PUT(...)), t('common.saved'))
 */
export function useAction() {
  const { t } = useI18n()
  const busy = ref(false)
  const problem = ref<ProblemError | null>(null)

  async function run<T>(action: () => Promise<T>, success?: string): Promise<T | undefined> {
    busy.value = true
    problem.value = null
    try {
      const result = await action()
      if (success) ElMessage.success(success)
      return result
    } catch (e) {
      problem.value = e instanceof ProblemError ? e : new ProblemError({ status: 0 })
      const p = problem.value.problem
      // 401 and 403 are told by the shell; everything else here, in the server's words.
      if (p.status !== 401 && p.status !== 403)
        ElMessage.error(p.status === 0 ? t('common.networkError') : p.detail ?? p.title ?? t('common.unknownError', { status: p.status }))
      return undefined
    } finally {
      busy.value = false
    }
  }

  /** The messages for field `name` (for `el-form-item :error`). */
  const field = (name: string) => problem.value?.field(name)

  return { busy, problem, run, field }
}
