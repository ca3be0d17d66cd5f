export const API = 'api';
