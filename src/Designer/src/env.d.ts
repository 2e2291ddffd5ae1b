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

// bpmn-io packages that ship no type declarations.
declare module 'bpmn-js-properties-panel'
declare module 'bpmn-js-token-simulation'
declare module 'bpmn-js-differ'
declare module 'diagram-js-minimap'
declare module 'bpmn-js-element-templates'
declare module '@bpmn-io/element-template-chooser'
