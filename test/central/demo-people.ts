/**
 * The demo registry (demo-registry.json), validated, for demos and tests that want known people:
 *   no UID (issue):   3150385M001PB2 Ковалёв, 4220791H017PB4 Новик, 5120403M021PB8 Лукашевич, 6300806B014PB1 Ярошевич
 *   active UID:       3030378A045PB1 Шевчук (+375291234567), 4110588C102PB6 Климович (+375447654321), 3010160M077PB9 Ким (+375255551234)
 *   blocked UID:      3250969E033PB2 Жук (+375336543210)
 *   expired passport: 4071295K008PB8 Соловьёва (DOCUMENT_EXPIRED)
 *   lost passport:    4180874K056PB3 Бондаренко, KB8123457 is declared invalid (DOCUMENT_INVALID); her ID card is valid
 * Any phone above entered for someone else shows PHONE_IN_USE.
 */
import { demoRegistryFile, loadRegistryFile, type RegistryPerson } from './registry';

export { demoRegistryFile };

/** Throws with the file and entry named when the file is broken: the demo cannot run without it. */
export function loadDemoPeople(file: string = demoRegistryFile): RegistryPerson[] {
  const loaded = loadRegistryFile(file);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.people;
}
