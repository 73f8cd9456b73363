import { ref } from 'vue'
import { useFail } from './notify'

// useBusy is which action of a view is running (its key; '' none), for
// its button's spinner, and run, which marks it while fn runs and says a
// failure as a sentence.
export function useBusy() {
  const busy = ref('')
  const fail = useFail()
  async function run(key: string, fn: () => Promise<unknown>) {
    busy.value = key
    try {
      await fn()
    } catch (e) {
      fail(e)
    } finally {
      busy.value = ''
    }
  }
  return { busy, run }
}
