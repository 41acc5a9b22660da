import type { AppInfo } from '../../../shared/dto.ts';
import pkg from '../../../../package.json' with { type: 'json' };

export function appInfo(): AppInfo {
  return { name: 'AMR Studio', version: pkg.version };
}
