import { useMessage } from 'naive-ui'
import { asUIError } from '../api'
import { errorSentence } from '../i18n'

// useFail shows a failed call to people as a sentence in their language.
export function useFail() {
  const message = useMessage()
  return (e: unknown) => {
    const sentence = errorSentence(asUIError(e))
    message.error(sentence, { duration: 6000 })
    return sentence
  }
}
