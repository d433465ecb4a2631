import { ValidationError } from 'class-validator';
import { invalidFields } from '../../api/src/graphql/format-error';

function failure(property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children, value: 'secreto', target: { password: 'secreto' } });
}

describe('invalidFields', () => {
  it.each<[string, ValidationError[], { field: string; path: string; constraints: string[] }[]]>([
    ['lists a failed field with its constraint names', [failure('password', { isLength: 'password must be longer' })], [{ field: 'password', path: 'password', constraints: ['isLength'] }]],
    ['lists every constraint of a field', [failure('email', { isEmail: 'x', maxLength: 'y' })], [{ field: 'email', path: 'email', constraints: ['isEmail', 'maxLength'] }]],
    [
      'flattens nested inputs into paths',
      [failure('options', undefined, [failure('0', undefined, [failure('overrideReason', { isLength: 'z' })])])],
      [{ field: 'overrideReason', path: 'options.0.overrideReason', constraints: ['isLength'] }],
    ],
  ])('%s, never the value', (_rule, errors, expected) => {
    const fields = invalidFields(errors);
    expect(fields).toEqual(expected);
    expect(JSON.stringify(fields)).not.toContain('secreto');
  });
});
