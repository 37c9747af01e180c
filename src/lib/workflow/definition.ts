// The bundled workflow: the async-job pattern CreateTask → Wait → CheckTaskStatus → loop or
// finish. `${...FunctionArn}` placeholders are filled at deploy time (substitutions.ts).
//
// Data flow: CreateTask returns {task, job}, which becomes the state; CheckTaskStatus replaces
// `$.job` with the latest status; TaskCompleted adds `$.result`. The execution output is
// {task, job, result}. Permanent failures are caught, add `$.error` and end in TaskFailed.
// Anything else (retries exhausted during an outage, a timeout, a handler bug) fails the
// execution in the task state itself, so `taskctl redrive` resumes right there once it is fixed.

const RETRYABLE_ERRORS = [
  'TransientError',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

const retry = [
  {
    ErrorEquals: RETRYABLE_ERRORS,
    IntervalSeconds: 2,
    MaxAttempts: 3,
    BackoffRate: 2,
    JitterStrategy: 'NONE',
  },
];

// Errors a retry or a redrive cannot fix: the job itself was rejected or its input is wrong.
const PERMANENT_ERRORS = ['JobRejectedError', 'InvalidTaskInput'];

const catchPermanent = [{ ErrorEquals: PERMANENT_ERRORS, ResultPath: '$.error', Next: 'TaskFailed' }];

export const bundledDefinition = {
  Comment: 'taskctl: start an asynchronous job, poll its status until it finishes, then record the result.',
  StartAt: 'CreateTask',
  States: {
    CreateTask: {
      Type: 'Task',
      Comment: 'Submit the job. Output: {task: <execution input>, job: <job status>}.',
      Resource: '${CreateTaskFunctionArn}',
      Parameters: {
        'executionArn.$': '$$.Execution.Id',
        'retryCount.$': '$$.State.RetryCount',
        'task.$': '$',
      },
      ResultPath: '$',
      TimeoutSeconds: 60,
      Retry: retry,
      Catch: catchPermanent,
      Next: 'WaitForTaskCompletion',
    },
    WaitForTaskCompletion: {
      Type: 'Wait',
      SecondsPath: '$.job.pollSeconds',
      Next: 'CheckTaskStatus',
    },
    CheckTaskStatus: {
      Type: 'Task',
      Comment: 'Poll the job once; replaces $.job with its latest status.',
      Resource: '${CheckTaskStatusFunctionArn}',
      Parameters: {
        'executionArn.$': '$$.Execution.Id',
        'retryCount.$': '$$.State.RetryCount',
        'task.$': '$.task',
        'job.$': '$.job',
      },
      ResultPath: '$.job',
      TimeoutSeconds: 60,
      Retry: retry,
      Catch: catchPermanent,
      Next: 'IsTaskDone',
    },
    IsTaskDone: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.job.state', StringEquals: 'RUNNING', Next: 'WaitForTaskCompletion' },
        { Variable: '$.job.state', StringEquals: 'SUCCEEDED', Next: 'TaskCompleted' },
      ],
      Default: 'TaskFailed',
    },
    TaskCompleted: {
      Type: 'Task',
      Comment: 'Record the finished job; its summary goes to $.result.',
      Resource: '${TaskCompletedFunctionArn}',
      Parameters: {
        'executionArn.$': '$$.Execution.Id',
        'retryCount.$': '$$.State.RetryCount',
        'task.$': '$.task',
        'job.$': '$.job',
      },
      ResultPath: '$.result',
      TimeoutSeconds: 60,
      Retry: retry,
      Catch: catchPermanent,
      Next: 'Done',
    },
    Done: {
      Type: 'Succeed',
    },
    TaskFailed: {
      Type: 'Fail',
      Error: 'TaskFailed',
      Cause: 'the task failed; see the execution history',
    },
  },
};

/** The state names, in the order the workflow visits them. */
export const WORKFLOW_STATES = [
  'CreateTask',
  'WaitForTaskCompletion',
  'CheckTaskStatus',
  'IsTaskDone',
  'TaskCompleted',
  'Done',
  'TaskFailed',
] as const;
