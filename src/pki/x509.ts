/**
 * @peculiar/x509, loaded after the `reflect-metadata` polyfill its dependency injection container
 * (tsyringe) needs. Import the library through this module, never directly.
 */
import 'reflect-metadata';
export * from '@peculiar/x509';
