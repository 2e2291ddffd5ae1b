import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'

import { ProblemError } from './api/problem'

// A call refused with 401 or 403 was already told to the person by the shell (session-expired dialog, refusal
// message); a page that did not catch it has nothing more to say.
const told = (e: unknown) => e instanceof ProblemError && (e.status === 401 || e.status === 403)
window.addEventListener('unhandledrejection', (event) => {
  if (told(event.reason)) event.preventDefault()
})
const app = createApp(App)
app.config.errorHandler = (err) => {
  if (!told(err)) console.error(err)
}
app.use(createPinia()).use(i18n).use(router).mount('#app')
