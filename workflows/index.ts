// Every workflow the worker runs, one per file. Add new workflows here.
export {};
