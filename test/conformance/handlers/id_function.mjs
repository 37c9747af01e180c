// services/lambdafunctions/id_function.py: returns its event.
export const handler = async (event) => event;
