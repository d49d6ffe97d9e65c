/** Thrown when the run's request budget is spent; the family stops and the run records a warning. */
export class RequestBudgetExhausted extends Error {
  constructor(readonly budget: number) {
    super(`request budget of ${budget} used up`);
    this.name = 'RequestBudgetExhausted';
  }
}
