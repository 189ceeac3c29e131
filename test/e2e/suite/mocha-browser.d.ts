// mocha's prebuilt browser bundle, imported for its side effect (the globals Mocha and mocha) by web.ts.
declare module 'mocha/mocha.js';
