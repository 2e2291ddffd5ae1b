/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
declare module 'bpmn-auto-layout' {
  /** Adds the drawing (BPMN DI) to a diagram that has none. */
  export function layoutProcess(xml: string): Promise<string>
}
