// services/lambdafunctions/return_bytes_str.py: returns the bytes '"HelloWorld!"' (a JSON string as the body).
export const handler = async () => 'HelloWorld!';
