/**
 * The Electron-only part of updates: electron-updater's autoUpdater, driven by main/updates.
 *
 * What electron-updater verifies (with the settings in main/updates/policy.ts):
 * - always: the sha512 of the downloaded file against latest.yml from the update server;
 * - on Windows: the installer's Authenticode signature, whose signer must be one of the
 *   `publisherName`s that electron-builder wrote into resources/app-update.yml (from
 *   win.signtoolOptions.publisherName); an unsigned or foreign installer is refused
 *   (ERR_UPDATER_INVALID_SIGNATURE). The feed URL comes from the provisioning config, the
 *   publisher names from the package: a changed config cannot change whose installers are accepted.
 * - AppImage has no signature check in electron-updater; its integrity rests on the sha512 and TLS.
 */
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProvisioningConfig } from '../config';
import type { Logger } from '../log';
import { startUpdateController, type UpdateController } from '../updates/controller';
import { decideUpdates, type InstallKind, type UpdateState } from '../updates/policy';

function installKind(): InstallKind {
  if (!app.isPackaged) return 'other';
  if (process.platform === 'win32') {
    // The NSIS installer leaves "Uninstall <product>.exe" next to the executable; the MSI does not.
    const dir = dirname(process.execPath);
    return readdirSync(dir).some((f) => /^Uninstall .+\.exe$/i.test(f)) ? 'nsis' : 'msi';
  }
  if (process.platform === 'linux') {
    if (process.env.APPIMAGE) return 'appimage';
    // electron-builder writes the package type into the resources of deb/rpm/pacman packages.
    const typeFile = join(process.resourcesPath, 'package-type');
    if (existsSync(typeFile) && readFileSync(typeFile, 'utf8').trim() === 'deb') return 'deb';
  }
  return 'other';
}

export function startUpdater(provisioning: ProvisioningConfig, log: Logger, onChange?: (state: UpdateState) => void): UpdateController {
  let kind: InstallKind = 'other';
  try {
    kind = installKind();
  } catch (error) {
    log.warn('install kind not determined: updates off', { error });
  }
  const policy = decideUpdates({ updateUrl: provisioning.updateUrl, isPackaged: app.isPackaged, installKind: kind });
  // electron-updater is a CommonJS module whose autoUpdater is a lazy getter, so it is read from the default export.
  return startUpdateController({ policy, updater: () => electronUpdater.autoUpdater, log, ...(onChange && { onChange }) });
}
