import type { ComponentSchema, BuilderSchema } from '../schema/types.js';
import type { BuilderFactory, CommunicatorFactory, ProvisionerFactory, PostProcessorFactory } from '../core/components.js';

/** What a component folder's index.ts exports. */
export type ComponentModule =
  | { builder: BuilderFactory }
  | { communicator: CommunicatorFactory }
  | { provisioner: ProvisionerFactory }
  | { postProcessor: PostProcessorFactory };

/** A component folder's schema.ts exports `definition` of this type. */
export type ComponentDefinition = ComponentSchema | BuilderSchema;

export type RegisteredComponent = ComponentDefinition & {
  /** Loads the implementation; undefined while a component only has its schema. */
  load?: () => Promise<ComponentModule>;
};
