// Brings the aws-sdk-client-mock-jest matchers (loaded in jest.config.js) into the types.
import 'aws-sdk-client-mock-jest';
