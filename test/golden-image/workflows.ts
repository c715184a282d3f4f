// The golden-image workflows alone, so these tests bundle only the code they exercise.
export * from '../../workflows/golden-image';
export * from '../../workflows/pin-latest';
