using FluentValidation;

namespace Planck.Application.Common.Paging;

public interface IPagedRequest
{
    int Limit { get; }
    int Offset { get; }
}

public static class PagingValidation
{
    public static void AddPagingRules<T>(this AbstractValidator<T> validator)
        where T : IPagedRequest
    {
        validator.RuleFor(r => r.Limit).InclusiveBetween(1, Paging.MaxLimit)
            .WithMessage($"limit must be between 1 and {Paging.MaxLimit}.");
        validator.RuleFor(r => r.Offset).GreaterThanOrEqualTo(0)
            .WithMessage("offset must be zero or more.");
    }
}
