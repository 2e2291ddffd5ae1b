import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel'
import camunda from 'camunda-bpmn-moddle/resources/camunda.json'
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json'
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css'

/** The properties panel's modules: the general BPMN properties, then our vocabulary's groups. */
export const panelModules = [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule]

/** The moddle packages the modeller reads and writes, so an imported diagram keeps every Camunda 7 and Zeebe
 * attribute. */
export const moddleExtensions = { camunda, zeebe }
