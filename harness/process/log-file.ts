/** A log a started part of the stack writes: attached to a failed test, tailed when a part dies. */
export interface LogFile {
  name: string;
  path: string;
}
