// The requirements of "Bekendtgørelse om sundhedskoordinationsudvalg og sundhedsaftaler" (September
// 2009) for the 2nd generation of agreements, from resources/requirements/bekendtgoerelse-2009.json.
// The JSON is bundled into every build that imports this module (Vite for the window, esbuild for
// the main process, tsx for the CLIs), as resources/regions.json is; it is validated on load.
import json from '../../resources/requirements/bekendtgoerelse-2009.json';
import { parseRequirementsFile, requirementsOf, type Requirement, type RequirementsFile } from './catalogue.ts';

export const BEKENDTGOERELSE_2009: RequirementsFile = parseRequirementsFile(json);

/** Its requirements in order. */
export const REQUIREMENTS_2009: readonly Requirement[] = requirementsOf(BEKENDTGOERELSE_2009);
