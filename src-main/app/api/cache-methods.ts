// The per-user tensor cache as the UI shows it: its folder, size and cap, and clearing it.
import { clearTensorCache, tensorCacheInfo } from '../user-tensor-cache';
import { defineMethods } from './methods';

export const cacheMethods = defineMethods({
  'cache.info': (_params, { tensorCache }) => tensorCacheInfo(tensorCache),
  'cache.clear': (_params, { tensorCache }) => clearTensorCache(tensorCache),
});
