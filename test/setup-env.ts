// CI runs the suite with CI=true. Ink reads CI once, when it is first imported, and then draws
// only the final frame, so the in-process UI tests would see nothing a person sees. Tests
// that want CI behaviour from pack pass CI to the child process they start (see test/helpers/pack.ts).
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
