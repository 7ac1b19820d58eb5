# One image recipe for both programs: --build-arg PROJECT=Api (default) or PROJECT=Silo.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT=Api
WORKDIR /src
COPY . .
RUN dotnet publish "src/${PROJECT}/${PROJECT}.csproj" -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG PROJECT=Api
ENV INSURE_ENTRY=Insure.${PROJECT}.dll
WORKDIR /app
COPY --from=build /app .
ENTRYPOINT ["sh", "-c", "exec dotnet \"$INSURE_ENTRY\""]
