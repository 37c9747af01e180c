// services/lambdafunctions/id_function.py under the name its recording shows (lambda_function_name): returns its event.
export const handler = async (event) => event;
