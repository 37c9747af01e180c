// timeouts/lambdafunctions/wait_60_seconds.py: sleeps 60 s, past the Task's TimeoutSeconds.
export const handler = async () => {
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  return null;
};
