/* Generated from schemas/ by scripts/gen.mjs (npm run gen). Do not edit. */
import type { ErrorObject } from 'ajv';
export interface CompiledValidator { (data: unknown): boolean; errors?: ErrorObject[] | null }
export declare const project: CompiledValidator;
export declare const connector: CompiledValidator;
export declare const instance: CompiledValidator;
export declare const flow: CompiledValidator;
export declare const lookup: CompiledValidator;
export declare const test: CompiledValidator;
