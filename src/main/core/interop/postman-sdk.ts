/// <reference types="postman-collection/types" />
import postman from 'postman-collection';

export const { Collection, Url } = postman;
