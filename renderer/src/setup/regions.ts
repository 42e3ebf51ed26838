// The five Danish regions and their municipalities, as shipped in resources/regions.json (bundled
// into the renderer by Vite: the data is static and small, about 6 kB).
import regionsJson from '../../../resources/regions.json';
import { RegionsFile, type Region } from '../../../shared/structure/regions.ts';

export const regions: readonly Region[] = RegionsFile.parse(regionsJson).regions;
