// A form's errors from the API: set from a problem, each field's cleared as the user types
// in it.
import { useState } from "preact/hooks";
import { formErrors, noErrors, type FormErrors } from "../api/errors";

export function useFormErrors() {
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  return {
    errors,
    fromProblem: (problem: unknown, fallback?: string) => setErrors(formErrors(problem, fallback)),
    setField: (name: string, message: string) => setErrors({ form: null, fields: { [name]: message } }),
    reset: () => setErrors(noErrors),
    clear: (name: string) => {
      const { [name]: _, ...rest } = errors.fields;
      setErrors({ form: null, fields: rest });
    },
  };
}
