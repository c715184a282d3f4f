// Every workflow the worker runs, one per file. Add new workflows here.
export * from './golden-image';
export * from './pin-latest';
export * from './launch-gate';
export * from './ecs-workflows';
export * from './terminate';
export * from './fleet';
// Each type's Worker Versioning behaviour, declared once the workflows above are defined.
import './versioning';
export {};
