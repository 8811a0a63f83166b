/** Office days are Minsk days; the rule lives in the contract so the renderer formats by it too. */
export * from '../../preload/contract/minsk-time';
