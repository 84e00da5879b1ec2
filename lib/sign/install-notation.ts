import * as core from '@actions/core';
import { chmod, copyFile, link, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Notation } from '../cli/notation.js';
import { ToolInstaller, type InstalledTool } from '../tools/installer.js';
import { TOOL_MANIFEST } from '../tools/manifest.js';
import type { ToolVersionChoice } from '../tools/tool-version.js';

/** The azure-kv plugin's name as notation knows it (`--plugin azure-kv`). */
export const AZURE_KV_PLUGIN = 'azure-kv';

/** Installs notation: the pinned version, or the chosen one verified against its sha256; cached in the tool cache. */
export async function installNotation(choice: ToolVersionChoice, mirror: string | undefined): Promise<InstalledTool> {
  return new ToolInstaller(TOOL_MANIFEST).install({
    tool: 'notation',
    ...(choice.version ? { version: choice.version } : {}),
    ...(choice.sha256 ? { sha256: choice.sha256 } : {}),
    ...(mirror ? { mirror } : {}),
  });
}

/**
 * Installs the notation-azure-kv plugin (pinned or chosen, verified like any
 * tool) and puts it where notation looks for plugins:
 * `<libexec>/plugins/azure-kv/notation-azure-kv`. A hard link to the tool
 * cache's verified copy when both are on one file system, else a copy.
 */
export async function installAzureKvPlugin(
  choice: ToolVersionChoice,
  mirror: string | undefined,
  libexec: string,
): Promise<InstalledTool & { readonly pluginPath: string }> {
  const installed = await new ToolInstaller(TOOL_MANIFEST).install({
    tool: 'notation-azure-kv',
    ...(choice.version ? { version: choice.version } : {}),
    ...(choice.sha256 ? { sha256: choice.sha256 } : {}),
    ...(mirror ? { mirror } : {}),
    addToPath: false,
  });
  const pluginPath = Notation.pluginPath(libexec, AZURE_KV_PLUGIN);
  await mkdir(path.dirname(pluginPath), { recursive: true, mode: 0o700 });
  await rm(pluginPath, { force: true });
  try {
    await link(installed.path, pluginPath);
  } catch {
    await copyFile(installed.path, pluginPath);
  }
  await chmod(pluginPath, 0o755).catch(() => undefined);
  core.info(`notation-azure-kv ${installed.version} installed as the notation plugin ${AZURE_KV_PLUGIN}`);
  return { ...installed, pluginPath };
}
