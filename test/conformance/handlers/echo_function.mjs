// lambda_functions.ECHO_FUNCTION: returns {"Return": "HelloWorld"} whatever its event.
export const handler = async () => ({ Return: 'HelloWorld' });
