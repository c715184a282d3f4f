// The workflows these tests run, bundled on their own so other features' work in progress cannot break them.
export * from '../../workflows/terminate';
export * from '../../workflows/fleet';
